"""The reader's own numbers: pure kidney calculations, the diary, and its status rules."""
