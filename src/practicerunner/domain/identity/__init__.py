"""The identity context's model: sign-in accounts and passkeys, delegation, access tokens, and the
role, case-access and session rules."""
