"""Pure analysis library for Listening Post: text, sentiment, themes and group statistics.

Everything here takes plain data (strings, lists, rows, dataclasses) and returns plain data or
dataclasses. Nothing imports Flask, the app or the models, and nothing is downloaded at run time.
"""
