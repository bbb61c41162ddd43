"""Questionnaires: model, conditions, the standard survey, assembly, responses.

Nothing is loaded or registered at import time: the converter hooks are added
by the first call to a load or dump function of :mod:`.serialize`.
"""
