const { composePlugins, withNx } = require('@nx/webpack');

// Nest needs decorator metadata: compile with tsc (ts-loader), never esbuild.
module.exports = composePlugins(withNx(), (config) => config);
