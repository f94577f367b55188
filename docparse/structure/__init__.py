"""Structure: metadata, sections, paragraphs, footnotes and annexes from laid-out lines.

Entry point: `docparse.structure.build.build_document`. (Not re-exported here, so that the
layout stage can use the label grammar in `labels` without importing the whole stage.)
"""
