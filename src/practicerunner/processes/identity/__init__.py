"""Process managers of the identity context: invitation and sign-in-link emails, ending sessions
when access is lost."""
