"""eventwire: dated news articles in, sourced political events, quotes, time expressions and entities out."""

__version__ = "0.1.0"
