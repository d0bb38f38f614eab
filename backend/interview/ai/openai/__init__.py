"""OpenAI implementations of the AI roles; the only package (with anthropic/) importing `openai`."""
