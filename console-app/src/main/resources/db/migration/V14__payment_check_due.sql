-- Schema 14: a bind made from the enrollment queue after the customer left was never seen to pay. The binding says so
-- until a payment code from the customer's phone is accepted for it (when they come back), so that nobody takes a band
-- that cannot pay for a working one.
ALTER TABLE binding ADD COLUMN payment_check_due BOOLEAN DEFAULT FALSE NOT NULL;
