"""The Qt layer: shows the store and turns gestures into edits. No annotation rules live here."""
