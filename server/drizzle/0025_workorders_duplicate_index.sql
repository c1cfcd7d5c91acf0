-- Duplicate candidates of a new order (xz_wo_intake step 8, and duplicatesOf on the order page):
-- same category, not closed, merged or cancelled, inside the distance box, within the time window.
-- The only index they could use was (county, category, created_at): the whole window of the
-- category, every row fetched to test the box. At a year of county data (10,000 orders a day) the
-- busiest category holds 9,223 orders in 72 hours: 11.6 ms a call, most of an intake's database
-- time. Here the open orders of a category are ordered by longitude, so the box is a short range
-- (0.3 ms: 97 entries for that category). Partial: closed orders (the great majority) take no room.
CREATE INDEX "wo_orders_duplicate_idx" ON "wo_orders" USING btree ("county_code","category_code","lon") INCLUDE ("lat","created_at") WHERE status NOT IN ('closed', 'merged', 'cancelled');
