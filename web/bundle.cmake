# The explorer page: `npm ci` (exact versions from web/package-lock.json, into the build directory,
# never the source tree) and an esbuild bundle into ${CMAKE_BINARY_DIR}/web, beside the binary,
# where `cityties serve` finds it. Skipped, with a message, when node or npm is missing: the server
# then serves the API alone.
find_program(CITYTIES_NODE node)
find_program(CITYTIES_NPM npm)
if(CITYTIES_NODE AND CITYTIES_NPM)
  set(WEB_SRC ${CMAKE_SOURCE_DIR}/web)
  set(WEB_NPM ${CMAKE_BINARY_DIR}/web-npm)
  set(WEB_OUT ${CMAKE_BINARY_DIR}/web)
  add_custom_command(
    OUTPUT ${WEB_NPM}/node_modules/.package-lock.json
    COMMAND ${CMAKE_COMMAND} -E make_directory ${WEB_NPM}
    COMMAND ${CMAKE_COMMAND} -E copy ${WEB_SRC}/package.json ${WEB_SRC}/package-lock.json ${WEB_NPM}
    # Without the registry (no network, a proxy's certificate missing) the page is not built and the
    # server serves the API alone; the build itself must not fail for it.
    COMMAND sh -c "${CITYTIES_NPM} ci --no-audit --no-fund --loglevel=error --prefix ${WEB_NPM} || echo 'warning: npm ci failed: the explorer page is not built (cityties serve serves the API only)'"
    DEPENDS ${WEB_SRC}/package.json ${WEB_SRC}/package-lock.json
    COMMENT "npm ci for the explorer page"
    VERBATIM)
  file(GLOB WEB_FILES CONFIGURE_DEPENDS ${WEB_SRC}/src/*.js ${WEB_SRC}/*.html ${WEB_SRC}/*.css ${WEB_SRC}/data/*)
  add_custom_command(
    OUTPUT ${WEB_OUT}/app.js
    COMMAND sh -c "if [ -d ${WEB_NPM}/node_modules/esbuild ]; then ${CITYTIES_NODE} ${WEB_SRC}/build.mjs ${WEB_NPM}/node_modules ${WEB_OUT}; else echo 'warning: no npm packages: the explorer page is not built'; fi"
    DEPENDS ${WEB_NPM}/node_modules/.package-lock.json ${WEB_FILES} ${WEB_SRC}/build.mjs
    COMMENT "esbuild: the explorer page into ${WEB_OUT}"
    VERBATIM)
  add_custom_target(cityties_web ALL DEPENDS ${WEB_OUT}/app.js)
  set(CITYTIES_WEB_NODE_MODULES ${WEB_NPM}/node_modules)
else()
  message(STATUS "node or npm not found: the explorer page is not built (cityties serve serves the API only)")
endif()
