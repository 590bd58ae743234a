"""Read models of the identity context: the indexes sign-in needs and the API access tokens."""
