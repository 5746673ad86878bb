"""Signing a rendered agreement party by party, and verifying the signed PDF (pyHanko).

`credentials` reads a signer's key and certificates, `appearance` draws the visible signature,
`signing` adds one signature as an incremental update, `record` reads what the renderer left
for these steps, `changes` explains what was altered after a signature, `verification` judges
every signature, and `report` formats the judgement as text or JSON.
"""
