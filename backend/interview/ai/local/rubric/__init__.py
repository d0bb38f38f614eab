"""The offline rubric: reading an answer's text and voice metrics into evidence and scores.

`text` turns words into comparable tokens, `lexicon` holds the cue phrases, `evidence` finds what
an answer contains, and `scores` turns evidence into 0..10 figures (one documented function each).
"""
