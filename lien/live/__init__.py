"""The live room of a talk: its store, the participants' pages and the presenter's helpers."""
