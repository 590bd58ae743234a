"""The composition root: the contexts' declarations (``contexts/``), what reads them
(``wiring``), and the ``Runtime`` that builds the infrastructure an installation runs on."""
