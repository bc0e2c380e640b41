"""The model layer: the vocabulary (enums), the record base, validated inputs and the result. It imports
nothing else of the package, so every layer above can share these shapes."""
