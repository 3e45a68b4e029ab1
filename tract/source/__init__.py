"""Source: what people wrote, read with the position of every value (load stage)."""
