/** The devtools page: its only job is to create the "Realtime" panel. */
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Realtime', '', '/devtools/panel.html');
