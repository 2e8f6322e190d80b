-- Sessions recorded before stations existed belong to their server's implicit station (the rule for
-- any mount in no station). Reconcile a day to rebuild its aggregate after this.
UPDATE listener_sessions SET station_id = server_id WHERE station_id IS NULL;
