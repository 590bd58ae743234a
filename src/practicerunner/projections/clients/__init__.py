"""Read models of the clients context: people and cases, and the queries over them."""
