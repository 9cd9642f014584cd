"""Resources and works of the NTM program: capital mobilised by source, works (công trình) with their
budget, disbursement and photos and the criterion each serves, production records (certified areas,
cooperatives, farms), their roll-ups on either map and the report paragraph written from them."""
