/**
 * Log levels, as a numeric enum with reverse mapping (Levels.warn === 1, Levels[1] === "warn").
 * @public
 */
export const Levels = {};
["error", "warn", "log", "debug"].forEach((name, value) => {
  Levels[name] = value;
  Levels[value] = name;
});
