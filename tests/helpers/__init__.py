"""Plain helpers shared by the tests (the fixtures stay in the conftest modules)."""
