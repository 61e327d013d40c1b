"""Stand-in LLM servers for tests: no real LLM can be installed on the test machines, so these speak the wire
formats of an OpenAI-compatible server and of Ollama, and answer what each test scripts."""

from .server import Script, StandIn, Step, ollama_standin, openai_standin

__all__ = ["Script", "StandIn", "Step", "ollama_standin", "openai_standin"]
