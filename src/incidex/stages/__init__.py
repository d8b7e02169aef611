"""Pipeline stages, one module each, in pipeline order:
read, extract, nlp, detect, actors, places, dates, fatalities, attribution, merge."""
