"""Word lists and tables behind the actor rules (``actors.py``): capitals used for their
governments, country aliases, acronyms, demonyms, titles, and the head nouns that decide what
kind of actor a noun phrase is. Small on purpose: extend them here, with a test.
"""

from __future__ import annotations

import re

CAPITALS = {
    "Tehran": "Iran", "Kyiv": "Ukraine", "Kiev": "Ukraine", "Moscow": "Russia",
    "Kremlin": "Russia", "Washington": "United States", "Beijing": "China",
    "London": "United Kingdom", "Paris": "France", "Berlin": "Germany", "Jerusalem": "Israel",
    "Damascus": "Syria", "Ankara": "Turkey", "Pyongyang": "North Korea", "Seoul": "South Korea",
    "Tokyo": "Japan", "New Delhi": "India", "Delhi": "India", "Islamabad": "Pakistan",
    "Kabul": "Afghanistan", "Baghdad": "Iraq", "Riyadh": "Saudi Arabia", "Cairo": "Egypt",
    "Minsk": "Belarus", "Warsaw": "Poland", "Rome": "Italy", "Madrid": "Spain",
    "Ottawa": "Canada", "Canberra": "Australia", "Caracas": "Venezuela", "Havana": "Cuba",
    "Beirut": "Lebanon", "Tripoli": "Libya", "Khartoum": "Sudan", "Taipei": "Taiwan",
    "Hanoi": "Vietnam", "Manila": "Philippines", "Jakarta": "Indonesia", "Doha": "Qatar",
    "Abu Dhabi": "United Arab Emirates", "Budapest": "Hungary", "Vienna": "Austria",
    "Athens": "Greece", "Stockholm": "Sweden", "Oslo": "Norway", "Helsinki": "Finland",
    "Copenhagen": "Denmark", "Dublin": "Ireland", "Lisbon": "Portugal", "Bern": "Switzerland",
    "Tbilisi": "Georgia", "Yerevan": "Armenia", "Baku": "Azerbaijan", "Mexico City": "Mexico",
    "Brasilia": "Brazil", "Buenos Aires": "Argentina", "Nairobi": "Kenya",
    "Addis Ababa": "Ethiopia", "Pretoria": "South Africa", "Abuja": "Nigeria",
    "Santiago": "Chile", "Lima": "Peru", "Bogota": "Colombia", "Amman": "Jordan",
    "Sanaa": "Yemen", "Bucharest": "Romania", "Belgrade": "Serbia", "Prague": "Czech Republic",
    "Wellington": "New Zealand", "Dhaka": "Bangladesh", "Bangkok": "Thailand",
    "Kuala Lumpur": "Malaysia", "Riga": "Latvia", "Vilnius": "Lithuania", "Tallinn": "Estonia",
    "Chisinau": "Moldova", "Astana": "Kazakhstan",
}  # fmt: skip
COUNTRY_ALIASES = {
    "US": "United States", "U.S.": "United States", "USA": "United States",
    "U.S.A.": "United States", "America": "United States",
    "United States of America": "United States", "UK": "United Kingdom",
    "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "Russian Federation": "Russia", "Holland": "Netherlands", "the Netherlands": "Netherlands",
    "UAE": "United Arab Emirates", "DPRK": "North Korea", "PRC": "China",
}  # fmt: skip
ACRONYMS = {
    "EU": "European Union", "UN": "United Nations", "U.N.": "United Nations",
    "NATO": "North Atlantic Treaty Organization", "WHO": "World Health Organization",
    "IMF": "International Monetary Fund", "WTO": "World Trade Organization",
    "IAEA": "International Atomic Energy Agency", "ICC": "International Criminal Court",
    "OPEC": "Organization of the Petroleum Exporting Countries", "ECB": "European Central Bank",
    "OSCE": "Organization for Security and Co-operation in Europe", "AU": "African Union",
    "ASEAN": "Association of Southeast Asian Nations", "UNICEF": "UNICEF",
    "FBI": "Federal Bureau of Investigation", "CIA": "Central Intelligence Agency",
}  # fmt: skip
DEMONYMS = {
    "Israeli": "Israel", "Ukrainian": "Ukraine", "Iranian": "Iran", "Russian": "Russia",
    "American": "United States", "US": "United States", "U.S.": "United States",
    "British": "United Kingdom", "French": "France", "German": "Germany", "Chinese": "China",
    "Japanese": "Japan", "Indian": "India", "Pakistani": "Pakistan", "Syrian": "Syria",
    "Turkish": "Turkey", "Iraqi": "Iraq", "Afghan": "Afghanistan", "Saudi": "Saudi Arabia",
    "Egyptian": "Egypt", "Polish": "Poland", "Italian": "Italy", "Spanish": "Spain",
    "Canadian": "Canada", "Australian": "Australia", "Mexican": "Mexico", "Brazilian": "Brazil",
    "Argentine": "Argentina", "Argentinian": "Argentina", "North Korean": "North Korea",
    "South Korean": "South Korea", "Palestinian": "Palestine", "Lebanese": "Lebanon",
    "Belarusian": "Belarus", "Venezuelan": "Venezuela", "Cuban": "Cuba", "Nigerian": "Nigeria",
    "Kenyan": "Kenya", "Irish": "Ireland", "Greek": "Greece", "Dutch": "Netherlands",
    "Swedish": "Sweden", "Norwegian": "Norway", "Finnish": "Finland", "Danish": "Denmark",
    "Hungarian": "Hungary", "Austrian": "Austria", "Swiss": "Switzerland", "Qatari": "Qatar",
    "Emirati": "United Arab Emirates", "Yemeni": "Yemen", "Libyan": "Libya",
    "Sudanese": "Sudan", "Ethiopian": "Ethiopia", "Taiwanese": "Taiwan",
    "Vietnamese": "Vietnam", "Filipino": "Philippines", "Indonesian": "Indonesia",
    "Georgian": "Georgia", "Armenian": "Armenia", "Serbian": "Serbia", "Romanian": "Romania",
    "Portuguese": "Portugal", "Belgian": "Belgium", "Czech": "Czech Republic",
    "Scottish": "Scotland", "Welsh": "Wales", "English": "England", "Chilean": "Chile",
    "Colombian": "Colombia", "Peruvian": "Peru", "Jordanian": "Jordan", "Kurdish": "Kurdistan",
    "European": "Europe", "South African": "South Africa", "New Zealand": "New Zealand",
}  # fmt: skip
KNOWN_GPE = set(CAPITALS) | set(COUNTRY_ALIASES) | set(DEMONYMS.values()) | {
    "Crimea", "Donbas", "Donbass", "Gaza", "West Bank", "Kashmir", "Catalonia", "Kosovo",
    "Hong Kong", "Tibet", "Xinjiang", "Chechnya", "Golan Heights", "Iran", "Iraq", "Kyiv",
}  # fmt: skip
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "prime", "minister",
    "secretary", "senator", "sen", "rep", "representative", "gov", "governor", "mayor",
    "general", "gen", "chancellor", "king", "queen", "prince", "princess", "pope", "sir",
    "lord", "lady", "judge", "justice", "chief", "deputy", "vice", "foreign", "defense",
    "defence", "interior", "finance", "former", "late", "col", "colonel", "lt", "lieutenant",
    "capt", "captain", "sgt", "sergeant", "ambassador", "envoy", "spokesman", "spokeswoman",
    "spokesperson", "ceo", "chairman", "chairwoman", "chair", "leader", "sheikh", "ayatollah",
    "archbishop", "bishop", "rev", "reverend", "father", "cardinal", "commissioner", "director",
    "premier", "speaker", "congressman", "congresswoman", "attorney", "health", "education",
    "state", "opposition", "senior", "coach", "officer", "detective", "inspector",
    "superintendent", "constable", "admiral", "marshal", "emperor", "sultan", "emir", "crown",
    "first", "dame", "mp", "mep", "supreme", "head", "executive", "economy",
    "minority", "majority", "whip", "house", "senate", "white", "press", "national", "security",
    "adviser", "advisor", "counsel", "campaign", "manager", "party", "incoming", "outgoing",
    "acting", "interim", "ex", "military", "army", "police", "official",
    "democrat", "republican", "democratic", "labour", "conservative", "assistant", "associate",
}  # fmt: skip
GROUP_HEADS = {
    "movement", "party", "group", "militia", "coalition", "alliance", "front", "rebels",
    "brigade", "brigades", "network", "organisation", "organization",
}  # fmt: skip
TIME_WORDS = {"a.m.", "p.m.", "am", "pm", "utc", "gmt", "est", "edt", "pst", "cet", "bst"}
POLITICAL_BLOCS = {"west", "global south", "global north", "international community"}
LEADING_WORDS = {"the", "a", "an"}
POSSESSIVE = {"'s", "’s", "'", "’"}
MINISTRY = re.compile(
    r"^(?:(?P<adj>[A-Z][\w.]*(?: [A-Z][a-z]+)?)\s+)?(?P<topic>(?:[A-Z][a-z]+\s+)*?[A-Z][a-z]+)"
    r"\s+Ministry$"
)
MINISTRY_TOPICS = {"Foreign": "Foreign Affairs", "Defence": "Defence", "Defense": "Defense"}

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "i", "me"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "we", "us", "our"}
ORG_NOUNS = {
    "ministry", "company", "firm", "agency", "police", "army", "military", "court", "party",
    "union", "council", "committee", "office", "department", "group", "organization",
    "organisation", "bank", "board", "commission", "parliament", "congress", "senate",
    "authority", "authorities", "campaign", "team", "club", "service", "force", "forces",
    "spokesman's office", "embassy", "coalition", "corporation", "university", "school",
    "hospital", "newspaper", "network", "channel", "airline", "operator", "prosecutor's office",
    "institute", "foundation", "association", "movement", "regime", "cabinet", "palace",
}  # fmt: skip
GPE_NOUNS = {"government", "country", "state", "nation", "administration", "city", "kingdom",
             "republic", "countries", "governments", "states"}  # fmt: skip
DOCUMENT_NOUNS = {"report", "reports", "statement", "study", "survey", "poll", "data",
                  "document", "letter", "media", "analysis", "research", "figures", "estimate",
                  "estimates", "records", "footage", "investigation", "review", "paper",
                  "article", "post", "tweet", "ruling", "findings", "evidence"}  # fmt: skip


# --- claims (claims.py) ---

# Reporting verbs, by lemma (spaCy's lemmatizer gives these for said/told/added/...).
CUE_VERBS = frozenset({
    "say", "tell", "add", "underline", "reveal", "stress", "warn", "deny", "reject", "claim",
    "announce", "insist", "state", "explain", "note", "argue", "confirm", "acknowledge", "admit",
    "allege", "assert", "report", "write", "tweet", "post", "emphasize", "emphasise", "reiterate",
    "dismiss", "refute", "declare", "disclose", "inform", "assure", "remark", "observe",
    "comment", "mention", "recall", "complain", "concede", "contend", "maintain", "reply",
    "respond", "testify", "predict", "forecast", "estimate", "suggest", "indicate", "conclude",
    "find", "show", "believe", "think", "agree", "promise", "vow", "pledge", "threaten",
    "caution", "point", "urge", "hint", "speculate", "boast", "brag", "charge", "accuse",
    "insinuate", "answer", "counter", "retort", "affirm", "attest", "certify",
    "clarify", "demand", "propose", "recommend", "highlight", "signal", "tout",
    "proclaim", "publish", "quote", "guarantee", "rule", "hold", "repeat", "fear",
    "expect", "hope", "know", "learn", "determine", "discover", "recognize", "recognise",
})  # fmt: skip
DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "reject", "rebut", "rebuff", "dispute"})
ALLEGATION_NOUNS = frozenset({
    "allegation", "claim", "accusation", "report", "suggestion", "charge", "rumor", "rumour",
    "assertion", "speculation", "notion", "idea", "statement",
})  # fmt: skip
CONFIRM_VERBS = frozenset({"confirm", "acknowledge", "repeat", "make", "back", "support"})
HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "reputedly", "supposedly"})
HEDGE_WORDS = frozenset({"likely", "probably", "possibly", "perhaps", "maybe", "apparently",
                         "seemingly", "reportedly", "allegedly"})  # fmt: skip
CUT_MARKS = frozenset({"although", "though", "while", "whereas", "but"})
# Verbs whose complement is a belief or plan rather than a statement: only with a subject that
# can speak, and never as a quote's cue.
WEAK_CUES = frozenset({"find", "show", "believe", "think", "agree", "fear", "expect", "hope",
                       "know", "learn", "determine", "discover", "recognize", "recognise",
                       "suggest", "indicate", "hold", "rule", "urge", "demand", "propose",
                       "recommend", "promise", "vow", "pledge", "threaten"})  # fmt: skip
