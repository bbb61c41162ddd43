"""The training-needs survey: questionnaire, forms' answers, imports, analysis, exports."""
