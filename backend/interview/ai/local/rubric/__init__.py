"""The offline rubric: reading answers' text and voice metrics into evidence, scores and sentences.

`text` turns words into comparable tokens, `lexicon` holds the cue phrases, `evidence` finds what
an answer contains, `scores` turns evidence into 0..10 figures (one documented function each),
`feedback` phrases them, and `probes` holds the rule-based follow-ups. For whole interviews,
`session` gathers the findings a report names and `practice` maps them to areas and resources.
"""
