"""What verification tells the apps above it, without importing them (ARCHITECTURE.md: apps depend one way).

``candidate_excluded`` is sent inside the exclusion's transaction (R-9.3: "në cilëndo fazë", at any stage), so
a receiver's change (scoring takes the candidate out of the evaluation and corrects its results) commits or
rolls back with the exclusion itself. Arguments: ``application_id``, ``position_id``, ``actor``, ``now``,
``false_declaration`` (the ``FalseDeclaration`` row).
"""

from django.dispatch import Signal

candidate_excluded = Signal()
