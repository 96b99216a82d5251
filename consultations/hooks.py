"""The hooks consultations offers to the apps above it."""

# Other apps add their own actions on a proposal (the budget's project review) with
# this hook: functions taking (proposal, user) and returning (label, url, icon) or None.
PROPOSAL_ACTIONS_HOOK = "register_proposal_admin_action"
