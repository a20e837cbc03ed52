"""The service layer: the only code that views and commands call, and the only code that
touches models. Each public function is one unit of work and owns its transaction."""
