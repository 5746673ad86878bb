"""SLA attainment report: a CRM export measured against the agreement (Polars is imported only here)."""
