// Node's `http` for the function bundles, through `require` (`alias` in lib/bundling.ts says
// why). The unprefixed name: `node:http` would be aliased back to this file.
module.exports = require('http');
