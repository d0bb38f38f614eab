"""Anthropic implementations of the AI roles; the only package (with openai/) importing `anthropic`."""
