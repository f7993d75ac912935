-- market.lua FILE: the Lua 5.4 peer of the market workload (bench/README.md, B).
-- Reads the file `bench/gen.py market` writes (one statement per line, only
-- the forms it writes), and for each `print sI.M.compute` runs the model of
-- docs/model.md on scenario sI's policies -- every market at once, since they
-- share each chip's supply (step 5) -- and prints market M's compute in
-- FLOPS, one number a line ("%.17g"). Anything else is an error.

local UNITS = { [""] = 1.0, TFLOPS = 1e12, PFLOPS = 1e15, GFLOPS = 1e9, ["TB/s"] = 1e12, ["GB/s"] = 1e9,
                W = 1.0, kW = 1e3, units = 1.0, yr = 365 * 86400.0, mm2 = 1e-6 }
local SUFFIX = { [""] = 1.0, k = 1e3, M = 1e6, B = 1e9, T = 1e12 }
local HUGE = math.huge

-- Reports a problem with the input and exits 1.
local function fail(msg)
  io.stderr:write("market.lua: " .. msg .. "\n")
  os.exit(1)
end

-- A quantity of the generated file in base units: 1.4 TB/s, $12.5k, 20%, $0.08/kWh.
local function number(text)
  local digits, rest = text:match("^%$?([0-9][0-9_.]*)(.*)$")
  if not digits then fail("cannot read the number '" .. text .. "'") end
  local v = tonumber((digits:gsub("_", "")))
  local suffix, tail = rest:match("^([kMBT]?)(.*)$")
  v = v * SUFFIX[suffix]
  if tail == "%" then return v / 100 end
  if tail == "/kWh" then return v / 3.6e6 end
  local unit = tail:match("^ (%S+)$") or tail
  if not v or not UNITS[unit] then fail("cannot read the number '" .. text .. "'") end
  return v * UNITS[unit]
end

-- The fields of a definition: names stay strings, figures become numbers.
local function fields(body)
  local out = {}
  for f in (body .. "; "):gmatch("(.-); ") do
    local key, val = f:match("^([%w_]+): (.*)$")
    if not key then fail("cannot read the field '" .. f .. "'") end
    if val:match("^[%a_][%w_]*$") then out[key] = val else out[key] = number(val) end
  end
  return out
end

-- One policy statement, as a table; nil `from` means any exporter.
local function policy(text)
  local attr, amount, from, to = text:match("^cap ([%w_]+) (.+) on exports from ([%w_]+) to ([%w_]+)$")
  if not attr then attr, amount, to = text:match("^cap ([%w_]+) (.+) on exports to ([%w_]+)$") end
  if attr then return { kind = "cap", attr = attr, amount = number(amount), from = from, to = to } end
  local rate, origin, market = text:match("^apply tariff (%S+) on imports from ([%w_]+) to ([%w_]+)$")
  if rate then return { kind = "tariff", amount = number(rate), from = origin, to = market } end
  local share, vendor, m2, pass = text:match("^apply tariff share (%S+) on ([%w_]+) sales to ([%w_]+) passthrough (%S+)$")
  if not share then share, vendor, m2 = text:match("^apply tariff share (%S+) on ([%w_]+) sales to ([%w_]+)$") end
  if share then
    return { kind = "share", amount = number(share), subject = vendor, to = m2, passthrough = pass and number(pass) or 0.0 }
  end
  local chip, m3 = text:match("^ban export of chip ([%w_]+) to ([%w_]+)$")
  if chip then return { kind = "ban_export_chip", subject = chip, to = m3 } end
  local v, m4 = text:match("^ban vendor ([%w_]+) in ([%w_]+)$")
  if v then return { kind = "ban_vendor", subject = v, to = m4 } end
  fail("cannot read the statement '" .. text .. "'")
end

-- quantity_close of src/lang/units.c: equal within a relative 1e-9.
local function close(a, b)
  return a == b or math.abs(a - b) <= 1e-9 * math.max(math.abs(a), math.abs(b))
end

-- Whether policy p covers sales from origin into market.
local function route(p, origin, market)
  return p.to == market and (p.from == nil or p.from == origin)
end

-- docs/language.md, Policies: the export side (foreign chips only), then the import side.
local function available(chip, origin, market, policies)
  if origin ~= market then
    for _, p in ipairs(policies) do
      if route(p, origin, market) then
        if p.kind == "ban_export_chip" and p.subject == chip.name then return false end
        if p.kind == "cap" then
          local v = chip[p.attr]
          if v and v > p.amount and not close(v, p.amount) then return false end
        end
      end
    end
  end
  for _, p in ipairs(policies) do
    if p.to == market and p.kind == "ban_vendor" and p.subject == chip.vendor then return false end
  end
  return true
end

-- make_candidate of src/model/model.c: the chip's costs in market m, or nil.
local function candidate(chip, world, m, policies)
  local vendor = world.vendor[chip.vendor]
  local origin = chip.origin or vendor.origin
  if not chip.price or not chip.fp16 or not available(chip, origin, m.name, policies) then return nil end
  local price, perf = chip.price, chip.fp16
  if not (price > 0 and perf > 0) then return nil end
  local tariff, share, passthrough = 0.0, 0.0, 0.0
  for _, p in ipairs(policies) do
    if p.kind == "tariff" and origin ~= m.name and route(p, origin, m.name) then tariff = p.amount end
    if p.kind == "share" and p.to == m.name and p.subject == chip.vendor then share, passthrough = p.amount, p.passthrough end
  end
  local buyer = price * (1 + passthrough * share) * (1 + tariff)
  local energy = (chip.tdp or 0.0) * (m.pue or 1.0) * (m.lifetime or 4 * 365 * 86400.0) * (m.energy_price or 0.0)
  local eco = chip.ecosystem or vendor.ecosystem
  local switching = (m.incumbent and eco ~= m.incumbent) and (m.switching_cost or 0.0) or 0.0
  local eff = perf * (1 - switching)
  if not (eff > 0) then return nil end
  return { name = chip.name, chip = chip.index, buyer = buyer, perf = perf, cap = chip.supply or HUGE,
           cost = (buyer + energy) / eff }
end

-- Neither infinite nor NaN (isfinite).
local function finite(x) return x == x and x ~= HUGE and x ~= -HUGE end

-- The cost-order allocation of src/model/model.c: units of each candidate, each up to its cap.
local function allocate(m, cands, order)
  local units = {}
  for i = 1, #cands do units[i] = 0.0 end
  local left, demand, got = m.budget or HUGE, m.demand or HUGE, 0.0
  for _, i in ipairs(order) do
    local c = cands[i]
    local want = c.cap
    if finite(left) then want = math.min(want, math.floor(left / c.buyer * (1 + 1e-12)) + 0.0) end
    if finite(demand) then want = math.min(want, math.ceil((demand - got) / c.perf * (1 - 1e-12)) + 0.0) end
    if not (want > 0) or not finite(want) then want = 0.0 end
    units[i] = want
    if finite(left) then left = left - want * c.buyer end
    got = got + want * c.perf
    if finite(demand) and got >= demand * (1 - 1e-12) then break end
  end
  return units
end

-- taken[chip] := units of the chip bought by all markets (no grey routes: shipped = units).
local function count_taken(world, markets)
  local taken = {}
  for ci = 1, #world.chips do taken[ci] = 0.0 end
  for _, mk in ipairs(markets) do
    for i, c in ipairs(mk.cands) do taken[c.chip] = taken[c.chip] + mk.units[i] end
  end
  return taken
end

-- Whether chip ci is asked for more than its (finite) supply, beyond rounding.
local function oversold(world, taken, ci)
  local s = world.chips[ci].supply
  return s ~= nil and finite(s) and taken[ci] > s * (1 + 1e-12) + 1e-9
end

-- One round: each market's cap on an oversold chip falls to floor(supply x units here / taken),
-- and a market so capped buys again from scratch. False when no cap fell.
local function ration_round(world, markets)
  local taken = count_taken(world, markets)
  local any = false
  for _, mk in ipairs(markets) do
    local dirty = false
    for i, c in ipairs(mk.cands) do
      if oversold(world, taken, c.chip) then
        local cap = math.floor(world.chips[c.chip].supply * mk.units[i] / taken[c.chip]) + 0.0
        if cap < c.cap then c.cap = cap; dirty = true end
      end
    end
    if dirty then
      any = true
      mk.units = allocate(mk.m, mk.cands, mk.order)
    end
  end
  return any
end

-- Every market at once (docs/model.md, step 5, shared supply); returns { market name = compute }.
local function compute(world, policies)
  local markets = {}
  for _, m in ipairs(world.markets) do
    local cands, order = {}, {}
    for _, ch in ipairs(world.chips) do
      local c = candidate(ch, world, m, policies)
      if c then cands[#cands + 1] = c; order[#cands] = #cands end
    end
    table.sort(order, function(a, b)
      local x, y = cands[a], cands[b]
      if x.cost ~= y.cost then return x.cost < y.cost end
      return x.name < y.name
    end)
    markets[#markets + 1] = { m = m, cands = cands, order = order, units = allocate(m, cands, order) }
  end
  for _ = 1, 16 do
    if not ration_round(world, markets) then break end
  end
  local taken = count_taken(world, markets)
  local out = {}
  for _, mk in ipairs(markets) do
    local total = 0.0
    for i, c in ipairs(mk.cands) do
      local u = mk.units[i]
      if oversold(world, taken, c.chip) then u = math.floor(u * world.chips[c.chip].supply / taken[c.chip]) + 0.0 end
      total = total + u * c.perf
    end
    out[mk.m.name] = total
  end
  return out
end

-- Reads the file statement by statement; writes the figures of all reads at the end.
local function main(path)
  local f = io.open(path, "r") or fail("cannot open " .. path)
  local world = { vendor = {}, market = {}, markets = {}, chips = {} }
  local main_policies, scenarios, out = {}, {}, {}
  for line in f:lines() do
    line = line:match("^%s*(.-)%s*$")
    if line ~= "" and line:sub(1, 1) ~= "#" then
      local kind, name, body = line:match("^define ([%w_]+) ([%w_]+) { (.*) }$")
      local sname, spol = line:match("^scenario ([%w_]+) { (.*) }$")
      local ps, pm = line:match("^print ([%w_]+)%.([%w_]+)%.compute$")
      if kind then
        local ent = fields(body)
        ent.name = name
        if kind == "chip" then ent.index = #world.chips + 1; world.chips[ent.index] = ent
        elseif kind == "market" then world.market[name] = ent; world.markets[#world.markets + 1] = ent
        elseif kind == "vendor" then world.vendor[name] = ent
        else fail("cannot define a " .. kind) end
      elseif sname then
        local pols = table.move(main_policies, 1, #main_policies, 1, {})
        pols[#pols + 1] = policy(spol)
        scenarios[sname] = pols
      elseif ps then
        if not scenarios[ps] or not world.market[pm] then fail("unknown scenario or market in '" .. line .. "'") end
        out[#out + 1] = string.format("%.17g\n", compute(world, scenarios[ps])[pm])
      else
        main_policies[#main_policies + 1] = policy(line)
      end
    end
  end
  f:close()
  io.write(table.concat(out))
end

if #arg ~= 1 then fail("usage: market.lua FILE") end
main(arg[1])
