/** Background entry (MV3 service worker in Chrome, event page in Firefox). */
import browser from 'webextension-polyfill';
import { Router } from './router';

const router = new Router((url) => {
  // Only our own pages may be opened on a panel's behalf (the pop-out button).
  if (url.startsWith(browser.runtime.getURL(''))) void browser.tabs.create({ url });
});
browser.runtime.onConnect.addListener((port) => router.connect(port));
