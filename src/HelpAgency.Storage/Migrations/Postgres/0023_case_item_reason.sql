-- Why a conditional item is in a case's plan (the facts of the application that kept it), shown to contact and staff.
ALTER TABLE case_items ADD COLUMN reason TEXT NULL;
