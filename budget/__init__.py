"""Participatory budgets: ballots, voting methods, results engine and pabulib files."""
