"""Dialogue: the pure conversation steps, the advisor and the replies they give."""
