"""piimap's shipped defaults: detection profiles, the reference policy (YAML and the policy text
it quotes) and the example recognizer YAML. Data only; read through ``scanner.resources``."""
