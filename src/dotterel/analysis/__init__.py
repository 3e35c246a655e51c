"""Text-level analysis shared by the stages: calendar expressions and casualty counts.

Nothing here reads or writes frames. Both the frame extractor (``dotterel.extract``) and the
provenance stages (``dotterel.provenance``) import these modules, so data still flows one way:
``extract`` never imports ``provenance`` (``tests/test_architecture.py`` checks it).
"""
