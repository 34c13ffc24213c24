"""Services of the loans area: business rules, one module per part."""
