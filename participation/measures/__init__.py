"""The visible feedback loop: goals, measures, decisions, contribution↔measure links, themes,
outcomes with reasons, notifications and the public "Sie sagten – wir tun" pages."""
