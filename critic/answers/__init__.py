"""Interview answers: answer metrics and the screening drill (the cost-math check is critic.costmath)."""
