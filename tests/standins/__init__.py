"""Stand-in LLM servers for tests: no real LLM can be installed on the test machines, so these speak the wire
formats of an OpenAI-compatible server and of Ollama, and answer what each test scripts."""

from .server import Script, StandIn, Step, citing, ollama_standin, openai_standin, prompt_of

__all__ = ["Script", "StandIn", "Step", "citing", "ollama_standin", "openai_standin", "prompt_of"]
