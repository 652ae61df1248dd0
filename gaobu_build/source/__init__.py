"""Reading `data/`: the model, YAML with positions, and the data files' records."""
