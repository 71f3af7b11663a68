"""Semantic, cross-lingual search beside keywords: passages, sentence vectors, a file-backed vector index, modes."""
