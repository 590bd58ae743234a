"""Commands of the documents context: ask for a billing document, regenerate one."""
