"""Commands of the identity context: accounts and passkeys, recovery codes, delegation, portal
accounts, and the sign-in ceremonies."""
