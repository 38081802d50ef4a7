-- Sliding-window recipient counters shared by every relay (relay/plugin/lib/redis-rate-limiter.js).
-- KEYS[i]: one hash per counter (a sender's minute or day window); its fields are bucket numbers
-- (Redis time / bucketMs), its values the recipients accepted in that bucket.
-- ARGV[1]: recipients to add; ARGV[2]: "1" to count them when every counter allows it, "0" to
-- only check, "2" to count them whatever the limits (restoring what a relay accepted while Redis
-- was away, or before it restarted empty); then per key: limit, bucketMs, span (buckets before the current one that still count).
-- Returns 0 when allowed (and counted), else the index of the first counter that refuses.
-- Redis's own clock: relays whose clocks disagree still fill the same buckets.
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local count = tonumber(ARGV[1])
local buckets = {}
for i, key in ipairs(KEYS) do
  local at = 3 + (i - 1) * 3
  local limit = tonumber(ARGV[at])
  local bucketMs = tonumber(ARGV[at + 1])
  local span = tonumber(ARGV[at + 2])
  local current = math.floor(nowMs / bucketMs)
  local oldest = current - span
  local sum = 0
  local flat = redis.call('HGETALL', key)
  for j = 1, #flat, 2 do
    if tonumber(flat[j]) < oldest then
      redis.call('HDEL', key, flat[j])
    else
      sum = sum + tonumber(flat[j + 1])
    end
  end
  if ARGV[2] ~= '2' and sum + count > limit then return i end
  buckets[i] = { current, (span + 1) * bucketMs }
end
if ARGV[2] ~= '0' then
  for i, key in ipairs(KEYS) do
    redis.call('HINCRBY', key, buckets[i][1], count)
    redis.call('PEXPIRE', key, buckets[i][2])
  end
end
return 0
