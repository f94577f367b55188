"""`docparse eval`: parser output against gold/, one table per capability."""
