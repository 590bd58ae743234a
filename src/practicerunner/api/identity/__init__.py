"""Routes of the identity context: staff and portal sign-in, sessions and passkeys, acting as a
provider, the access log."""
